"""Stop `make setup` with one line when the Python given is older than the edition needs.

    python scripts/require_python.py 3.11

Written for old Pythons too (no f-strings), so that it can say what is wrong with them.
"""

import sys


def main(minimum):
    needed = tuple(int(part) for part in minimum.split("."))
    if sys.version_info[:len(needed)] >= needed:
        return 0
    found = ".".join(str(part) for part in sys.version_info[:3])
    sys.stderr.write("make setup: the edition needs Python {0} or newer; {1} is Python {2}. "
                     "Name another with make setup PYTHON=python{0}\n".format(minimum, sys.executable, found))
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
