#!/usr/bin/env python3
"""Rewrites a network whose sites, lanes and contracts are in CSV tables (as `chaintwin generate`
writes them) as one YAML file with the same content, block style, one site per mapping, for
the YAML-vs-CSV load benchmark (docs/BENCHMARKS.md). Usage: tables_to_yaml.py DIR OUT.yaml"""
import csv
import os
import sys


def rows(folder, name):
    path = os.path.join(folder, name + ".csv")
    if not os.path.exists(path):
        return []
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def scalar(v):
    if v == "" or v is None:
        return None
    if any(c in v for c in ":#{}[],&*!|>'\"%@`") or v.strip() != v:
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return v


def main():
    folder, out = sys.argv[1], sys.argv[2]
    head = open(os.path.join(folder, "network.yaml")).read()
    head = head[: head.index("tables:")]
    sites = {r["id"]: dict(r, processes=[], inventory={}, demand={}) for r in rows(folder, "sites")}
    for r in rows(folder, "processes"):
        sites[r["site"]]["processes"].append(dict(r, inputs={}))
    for r in rows(folder, "inputs"):
        for p in sites[r["site"]]["processes"]:
            if (p["id"] or p["output"]) == r["process"]:
                p["inputs"][r["material"]] = r["per_unit"]
    for r in rows(folder, "inventory"):
        sites[r["site"]]["inventory"][r["material"]] = r["quantity"]
    for r in rows(folder, "demand"):
        sites[r["site"]]["demand"][r["material"]] = r["rate"]
    L = [head.rstrip(), "sites:"]
    for s in sites.values():
        L.append(f"  - id: {s['id']}")
        for k in ["country", "name", "lat", "lon", "external", "demand_mode"]:
            if scalar(s.get(k)):
                L.append(f"    {k}: {scalar(s[k])}")
        if s.get("stock_days"):
            L.append(f"    stock_policy: {{default: {s['stock_days']}}}")
        if s["processes"]:
            L.append("    processes:")
            for p in s["processes"]:
                L.append(f"      - output: {p['output']}")
                for k in ["id", "capacity", "start"]:
                    if scalar(p.get(k)):
                        L.append(f"        {k}: {scalar(p[k])}")
                if p["inputs"]:
                    L.append("        inputs:")
                    for m, v in p["inputs"].items():
                        L.append(f"          {m}: {v}")
        for section in ["inventory", "demand"]:
            if s[section]:
                L.append(f"    {section}:")
                for m, v in s[section].items():
                    L.append(f"      {m}: {v}")
    def section(name, fields, extra=None):
        items = rows(folder, name)
        if not items:
            return
        L.append(f"{name}:")
        for r in items:
            L.append(f"  - id: {r['id']}")
            for k in fields:
                if scalar(r.get(k)):
                    L.append(f"    {k}: {scalar(r[k])}")
            if extra:
                extra(r)

    def chokepoints(r):
        if r.get("chokepoints"):
            L.append(f"    chokepoints: [{', '.join(r['chokepoints'].split(';'))}]")

    section("lanes", ["from", "to", "material", "mode", "transit", "distance", "share", "alternate",
                      "qualification", "capacity"], chokepoints)
    section("contracts", ["buyer", "seller", "material", "volume", "max_volume", "start", "end",
                          "priority", "kind", "audit_right"])
    with open(out, "w") as f:
        f.write("\n".join(L) + "\n")


if __name__ == "__main__":
    main()
