#!/usr/bin/env python3
"""Writes N varied households as JSON Lines (the example household with random ages, incomes, statuses).
Used by bench/evaluate.sh; deterministic for a given seed. Usage: make-households.py N SEED > out.jsonl"""
import json, random, sys

n, seed = int(sys.argv[1]), int(sys.argv[2])
rnd = random.Random(seed)
# Its own stream, so adding returnedDate (required for RETURNED) changed none of the other generated facts.
returned = random.Random(seed + 1)
counties = ["东区", "西区", "仁和区", "米易县", "盐边县"]
statuses = ["NONE", "REGISTERED", "EXITED", "RETURNED"]
out = sys.stdout
for i in range(n):
    members = []
    for m in range(rnd.randint(1, 5)):
        year = rnd.randint(1935, 2018)
        member = {"memberId": f"m{m + 1}", "birthDate": f"{year}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}",
                  "laborCapacity": rnd.choice(["FULL", "PARTIAL", "NONE"]), "employed": rnd.random() < 0.3,
                  "seriousIllness": rnd.random() < 0.1, "receivesBasicPension": rnd.random() < 0.5,
                  "residentPensionEnrolled": rnd.random() < 0.5}
        if 2019 - year in range(6, 19):
            member["student"] = rnd.choice(["PRIMARY", "JUNIOR_SECONDARY", "SENIOR_SECONDARY", "VOCATIONAL"])
            member["boarding"] = rnd.random() < 0.5
        if rnd.random() < 0.15:
            member["disability"] = {"certificate": rnd.choice(["FIRST_GEN", "SECOND_GEN"]), "grade": rnd.randint(1, 4),
                                    "category": rnd.choice(["PHYSICAL", "INTELLECTUAL", "MENTAL", "VISUAL"]),
                                    "needsLongTermCare": rnd.random() < 0.5}
        if rnd.random() < 0.2:
            total = rnd.randint(500, 40000)
            basic = round(total * rnd.uniform(0.3, 0.8), 2)
            member["medicalCosts"] = [{"date": f"2019-{rnd.randint(1, 9):02d}-{rnd.randint(1, 28):02d}",
                                       "kind": rnd.choice(["INPATIENT", "CHRONIC_OUTPATIENT", "OUTPATIENT"]),
                                       "inCounty": rnd.random() < 0.7, "total": total, "basicInsurance": basic,
                                       "seriousIllnessInsurance": 0, "otherReimbursement": 0}]
        members.append(member)
    h = {"householdId": f"BENCH-{seed}-{i:08d}", "county": rnd.choice(counties),
         "residence": rnd.choice(["URBAN", "RURAL"]), "povertyStatus": rnd.choice(statuses),
         "receivesDibao": rnd.random() < 0.2,
         "incomes": [{"type": rnd.choice(["WAGE", "AGRICULTURE", "DISABILITY_SUBSIDY"]),
                      "annualAmount": rnd.randint(0, 40000)}],
         "housingSafety": rnd.choice(["A", "B", "C", "D"]), "safeDrinkingWater": rnd.random() < 0.9,
         "members": members}
    if h["povertyStatus"] == "RETURNED":
        h["returnedDate"] = f"{returned.choice([2018, 2019])}-{returned.randint(1, 9):02d}-{returned.randint(1, 28):02d}"
    if rnd.random() < 0.1:
        h["hardship"] = {"cause": "FIRE", "date": "2019-05-01", "uncoveredExpense": rnd.randint(100, 30000)}
    out.write(json.dumps(h, ensure_ascii=False) + "\n")
