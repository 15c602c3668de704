"""Evaluation reports (seeds 000, 001, 002, 004) into evaluation cases: the score tables found
in any grid (`tables`), each leaf's 评分标准 turned into a rule where its wording is a known form
(`standards`, `forms`, `parts`, on the wording `wording` makes regular, each rule checked by
`checks`), facts for the recognised rules from what the analysis states (`measure`) or the
published score (`facts`, `solve`), the narrative by its headings (`narrative`), and the case
built from them (`case`).
"""
