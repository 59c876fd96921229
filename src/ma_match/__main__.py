from ma_match.cli import run

run()
