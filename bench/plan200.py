"""Write a generated 200-item plan (ten sections of numbered items with 牵头单位 clauses) for timing
`ledger init --from-plan`. Usage: python bench/plan200.py OUT.txt  (the timing is in docs/init.md)
"""

from __future__ import annotations

import sys

units = [
    "区发展改革局",
    "区财政局",
    "区教育局",
    "区卫生健康局",
    "区住房城乡建设局",
    "区农业农村局",
    "区交通运输局",
    "区民政局",
]
out = [
    "某区2024年重点工作任务分工方案",
    "",
    "一、总体要求",
    "坚持稳中求进工作总基调。",
    "",
    "二、重点任务",
]
n = 0
for g in range(10):
    out.append(f"（{'一二三四五六七八九十'[g]}）第{g + 1}方面重点工作")
    for _item in range(20):
        n += 1
        lead, coop = units[n % 8], units[(n + 3) % 8]
        out.append(
            f"{n}.推进第{n}项重点工作，完善配套制度，2024年{n % 12 + 1}月底前完成。（牵头单位：{lead}，配合单位：{coop}、各镇街）"
        )
out += ["", "三、工作要求", "各单位要加强组织领导。"]
with open(sys.argv[1], "w", encoding="utf-8") as plan:
    plan.write("\n".join(out) + "\n")
