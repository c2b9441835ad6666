"""Serves the shop on the port given on the command line."""
import sys

from shop import app


def serve(port):
    app.run(host="127.0.0.1", port=port, debug=True)


serve(int(sys.argv[1]))
