"""Starts the shop's API on the port given."""
import sys

import uvicorn

if __name__ == "__main__":
    uvicorn.run("main:app", host="127.0.0.1", port=int(sys.argv[1]), reload=True)
