from comity.cli import app

app(prog_name="comity")
