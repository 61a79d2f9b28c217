"""Turns the benchmark's raw samples (TSV: name, group, unit, value, goal) into BENCHMARKS.md and
benchmarks.json: median, spread and run count of every figure, and whether its goal is met."""
import json
import statistics
import sys

raw, ratios_path, md_path, json_path, header = sys.argv[1:6]
figures = {}
order = []
for line in open(raw):
    name, group, unit, value, goal = line.rstrip("\n").split("\t")
    if name not in figures:
        figures[name] = {"name": name, "group": group, "unit": unit, "goal": goal, "samples": []}
        order.append(name)
    figures[name]["samples"].append(float(value))

def fmt(v, unit):
    return f"{v:.1f} {unit}" if v < 100 else f"{v:.0f} {unit}"

rows = []
for name in order:
    f = figures[name]
    s = sorted(f["samples"])
    f["median"] = statistics.median(s)
    f["min"], f["max"], f["runs"] = s[0], s[-1], len(s)
    f["q1"] = s[len(s) // 4]
    f["q3"] = s[(3 * len(s)) // 4]
    rows.append(f)

ratios = []
for line in open(ratios_path):
    name, num, den, limit = line.rstrip("\n").split("\t")
    if num in figures and den in figures and figures[den]["median"] > 0:
        r = figures[num]["median"] / figures[den]["median"]
        ratios.append({"name": name, "numerator": num, "denominator": den, "ratio": r, "goal": float(limit),
                       "met": r <= float(limit)})

with open(json_path, "w") as out:
    json.dump({"header": header, "figures": rows, "ratios": ratios}, out, indent=2)

with open(md_path, "w") as out:
    out.write(header + "\n\n")
    group = None
    for f in rows:
        if f["group"] != group:
            group = f["group"]
            out.write(f"\n### {group}\n\n| figure | median | spread (min – max) | runs | goal |\n|---|---:|---:|---:|---|\n")
        out.write(f"| {f['name']} | {fmt(f['median'], f['unit'])} | {fmt(f['min'], f['unit'])} – "
                  f"{fmt(f['max'], f['unit'])} | {f['runs']} | {f['goal']} |\n")
    out.write("\n### Ratios of medians (same run)\n\n| ratio | value | goal | met |\n|---|---:|---:|---|\n")
    for r in ratios:
        out.write(f"| {r['name']} | {r['ratio']:.3f}× | ≤ {r['goal']}× | {'yes' if r['met'] else '**no**'} |\n")
print(open(md_path).read())
