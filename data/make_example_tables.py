#!/usr/bin/env python3
"""Builds data/tables/*.csv, the small real data sets the examples train on, from the copies that Debian's
python3-sklearn (1.2.1) ships in sklearn/datasets/data. Rerunnable:
    apt-get install python3-sklearn && python3 data/make_example_tables.py
Each output has a header row; the label columns come last."""
import csv, gzip, os

SRC = "/usr/lib/python3/dist-packages/sklearn/datasets/data"
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tables")

def rows_after_count_line(name):
    with open(os.path.join(SRC, name)) as f:
        lines = list(csv.reader(f))
    return lines[0], lines[1:]

def write(name, header, rows):
    with open(os.path.join(OUT, name), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    print(name, len(rows), "rows")

os.makedirs(OUT, exist_ok=True)
first, rows = rows_after_count_line("iris.csv")
write("iris.csv", ["sepal_length", "sepal_width", "petal_length", "petal_width", "species"], rows)
first, rows = rows_after_count_line("breast_cancer.csv")
write("breast_cancer.csv", [f"feature_{i}" for i in range(30)] + ["benign"], rows)
with gzip.open(os.path.join(SRC, "diabetes_data_raw.csv.gz"), "rt") as f:
    x = [line.split() for line in f if line.strip()]
with gzip.open(os.path.join(SRC, "diabetes_target.csv.gz"), "rt") as f:
    y = [float(line) for line in f if line.strip()]
write("diabetes.csv", ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6", "progression"], [r + [f"{t:g}"] for r, t in zip(x, y)])
with gzip.open(os.path.join(SRC, "digits.csv.gz"), "rt") as f:
    digits = [line.strip().split(",") for line in f if line.strip()]
# Multilabel targets: three independent attributes of each handwritten digit.
write("digits_attributes.csv", [f"pixel_{i}" for i in range(64)] + ["is_even", "is_at_least_5", "is_prime"],
      [r[:64] + [str(int(int(float(r[64])) % 2 == 0)), str(int(int(float(r[64])) >= 5)), str(int(int(float(r[64])) in (2, 3, 5, 7)))] for r in digits])
