#!/usr/bin/env python3
"""Renders lecture_summary.txt with rich (Debian: python3-rich) exactly as keras/src/utils/summary_utils.py
does for a Sequential model on an 80-column console (line_length = min(88, 80 - 4) = 76,
positions [0.45, 0.80, 1.0]). Independent reference for SummaryTests. Run: python3 make_summary_fixture.py > lecture_summary.txt"""
import rich.console, rich.table
line_length = 76
header, alignment, widths, current = ["Layer (type)", "Output Shape", "Param #"], ["left", "left", "right"], [], 0
for pos in [0.45, 0.80, 1.0]:
    widths.append(int(pos * line_length) - current); current += widths[-1]
table = rich.table.Table(*[rich.table.Column(h, justify=a, width=w) for h, a, w in zip(header, alignment, widths)], width=line_length, show_lines=True)
table.add_row("dense (Dense)", "(None, 512)", "401,920")
table.add_row("dense_1 (Dense)", "(None, 10)", "5,130")
console = rich.console.Console(highlight=False, force_terminal=False, color_system=None)
console.begin_capture()
console.print('[bold]Model: "sequential"[/]')
console.print(table)
for label, count, size in [("Total", "407,050", "1.55 MB"), ("Trainable", "407,050", "1.55 MB"), ("Non-trainable", "0", "0.00 B")]:
    console.print(f"[bold] {label} params: [/]{count} ({size})")
print(console.end_capture(), end="")
