#!/usr/bin/env python3
"""Write the OpenAPI 3.1 document of the v2 API (``tox -e openapi``).

The document is built from the router, the controllers, the request
schemas and the response schemas (manila/api/openapi). Commit the result:
manila/tests/unit/api/test_openapi.py fails while the committed document
is out of date.
"""

import argparse
import os
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), os.pardir))
DEFAULT_OUTPUT = os.path.join(ROOT, 'doc', 'source', 'api-ref',
                              'openapi.json')


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--output-file', default=DEFAULT_OUTPUT,
                        help='where to write it (default: %(default)s); '
                             '- for standard output')
    args = parser.parse_args(argv)
    sys.path.insert(0, ROOT)
    from manila.api import openapi
    text = openapi.dumps(openapi.build())
    if args.output_file == '-':
        sys.stdout.write(text)
    else:
        with open(args.output_file, 'w', encoding='utf-8') as f:
            f.write(text)
        print('==> wrote %s' % os.path.relpath(args.output_file))
    return 0


if __name__ == '__main__':
    sys.exit(main())
