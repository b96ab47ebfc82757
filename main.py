"""Open Front desk (the same as `frontdesk gui`): python main.py [--db DB]."""

import sys

from frontdesk.cli.main import main

if __name__ == "__main__":
    sys.exit(main(["gui", *sys.argv[1:]]))
