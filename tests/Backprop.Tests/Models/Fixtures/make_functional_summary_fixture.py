#!/usr/bin/env python3
"""Renders functional_summary.txt with rich (Debian: python3-rich) exactly as keras/src/utils/summary_utils.py
does for a functional model that is not sequential-like, on an 80-column console (line_length = min(108, 80 - 4) = 76,
positions [0.3, 0.56, 0.74, 1.0], a "Connected to" column of <layer>[<node>][<tensor>]). The rows are the model of
SummaryTests.FunctionalSummaryMatchesKeras: inputs "input_layer" (784) and "side" (3), dense(64, relu) on the image,
concatenate with the side input, dense_1(10, softmax). Run: python3 make_functional_summary_fixture.py > functional_summary.txt"""
import rich.console, rich.table
line_length = 76
header, alignment, widths, current = ["Layer (type)", "Output Shape", "Param #", "Connected to"], ["left", "left", "right", "left"], [], 0
for pos in [0.3, 0.56, 0.74, 1.0]:
    widths.append(int(pos * line_length) - current); current += widths[-1]
table = rich.table.Table(*[rich.table.Column(h, justify=a, width=w) for h, a, w in zip(header, alignment, widths)], width=line_length, show_lines=True)
table.add_row("input_layer (InputLayer)", "(None, 784)", "0", "-")
table.add_row("dense (Dense)", "(None, 64)", "50,240", "input_layer[0][0]")
table.add_row("side (InputLayer)", "(None, 3)", "0", "-")
table.add_row("concatenate (Concatenate)", "(None, 67)", "0", "dense[0][0], side[0][0]")
table.add_row("dense_1 (Dense)", "(None, 10)", "680", "concatenate[0][0]")
console = rich.console.Console(highlight=False, force_terminal=False, color_system=None)
console.begin_capture()
console.print('[bold]Model: "functional"[/]')
console.print(table)
for label, count, size in [("Total", "50,920", "198.91 KB"), ("Trainable", "50,920", "198.91 KB"), ("Non-trainable", "0", "0.00 B")]:
    console.print(f"[bold] {label} params: [/]{count} ({size})")
print(console.end_capture(), end="")
