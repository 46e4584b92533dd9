"""Batch reports for a client list: spreadsheets and survey-tool exports in, one PDF per client
plus an overview across clients out.

Flow: readers (file -> Table of strings) -> matching (columns -> questions, cells -> answers)
-> runner (assess, render in worker processes, skip up-to-date) -> overview (from the saved
assessments only).
"""
