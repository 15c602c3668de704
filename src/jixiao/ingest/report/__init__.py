"""Evaluation reports (seeds 000, 001, 002, 004) into evaluation cases: the score tables found
in any grid (`tables`), each leaf's 评分标准 turned into a rule where its wording is a known form
(`standards`), facts for the recognised rules from the published score and its 扣分说明
(`facts`), the narrative by its headings (`narrative`), and the case built from them (`case`).
"""
