"""Plot an outcome of the tactics-and-conflict experiment from its summary.csv.

    npx ccsim experiment scenarios/experiments/tactics-and-conflict.json --out results/tactics
    python3 docs/examples/plot_experiment.py results/tactics gapClosedOneYearAfter figure.png

Needs pandas and matplotlib (Debian: apt-get install python3-pandas python3-matplotlib).
"""
import sys

import matplotlib

matplotlib.use("Agg")  # draw to a file, no display needed
import matplotlib.pyplot as plt
import pandas as pd

folder, metric, out = sys.argv[1], sys.argv[2], sys.argv[3]
summary = pd.read_csv(f"{folder}/summary.csv")
rows = summary[summary.metric == metric]

fig, ax = plt.subplots(figsize=(6.4, 4))
for management, arm in rows.groupby("conflict.management"):
    arm = arm.sort_values("tactics.hardness")
    ax.errorbar(
        arm["tactics.hardness"],
        arm["mean"],
        yerr=[arm["mean"] - arm["lower95"], arm["upper95"] - arm["mean"]],
        marker="o",
        capsize=3,
        label=f"conflict {management}",
    )
ax.set_xlabel("Hardness of tactics (0 soft only, 1 hard only)")
ax.set_ylabel("Share of the gap closed a year after funding" if metric == "gapClosedOneYearAfter" else metric)
ax.set_title("Mean over replicates, with 95% intervals")
ax.legend()
fig.tight_layout()
fig.savefig(out, dpi=120)
print(f"wrote {out}")
