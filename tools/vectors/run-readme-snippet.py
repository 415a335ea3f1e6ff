"""Runs the Python block of vectors/README.md exactly as written, from the repository root, so
that the documented way to consume the corpus is known to work."""
import pathlib, re, sys, time

readme = pathlib.Path("vectors/README.md").read_text()
blocks = re.findall(r"```python\n(.*?)```", readme, re.S)
if len(blocks) != 1:
    sys.exit(f"vectors/README.md: expected one python block, found {len(blocks)}")
started = time.perf_counter()
exec(compile(blocks[0], "vectors/README.md", "exec"), {})
print(f"(loaded and checked in {time.perf_counter() - started:.3f} s)")
