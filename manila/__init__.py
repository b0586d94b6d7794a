import warnings

# futurist (under oslo.messaging) imports eventlet whenever it is installed,
# and oslo.service installs it. Manila never runs on eventlet (threads
# only), so eventlet's deprecation notice would only mislead operators.
warnings.filterwarnings('ignore', message=r'\s*Eventlet is deprecated')
