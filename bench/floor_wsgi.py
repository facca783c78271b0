"""The floor of bench/throughput.py: the smallest Flask page, served by gunicorn exactly like the app."""
from flask import Flask

app = Flask(__name__)


@app.route("/")
def hello():
    return "<!doctype html><title>floor</title><p>ok</p>"
