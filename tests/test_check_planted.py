"""Every kind of inconsistency, planted in a copy of the bundled handbook, is reported at its
exact place, and nothing else is: the bundled handbook itself stays clean around them."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import make_project, phrasebook

PLANTED = """\
    phrases:
      - id: planted-avoided
        step: listen
        situations: [venting]
        say: Please calm down and tell me.
      - id: planted-contradiction
        step: apologize
        situations: [venting]
        say: I'm sorry.
      - id: planted-overlap-and-spec
        step: apologize
        situations: [venting]
        say: I apologize for the delay in getting back to you.
        avoid:
          - text: I'm sorry about the wait
            fires: ["Sorry for the wait."]
      - id: planted-duplicate
        step: listen
        situations: [venting]
        say: Go on, I’m listening!
      - id: planted-near-duplicate
        step: listen
        situations: [venting]
        say: Go on, I am listening now.
      - id: planted-variables
        step: fix
        situations: [venting]
        say: Your order {order_id} ships today.
        variables:
          order_number: the order number
      - id: planted-stale
        step: fix
        situations: [venting]
        say: The engineer will arrive between eight and ten.
        owner: Support leads
        reviewed: 2020-01-01
      - id: planted-long
        step: fix
        situations: [venting]
        channels: [phone]
        say: >-
          I have checked the account and I can see the first payment, the refund, the second
          payment, the credit and the adjustment that followed all of them, and as far as I
          can tell every one of those now adds up.
      - id: planted-channel
        step: fix
        situations: [venting]
        channels: [phone]
        say: The new address is in the note below.
      - id: planted-unused-suppression
        step: fix
        situations: [venting]
        say: It will be with you tomorrow.
        suppress:
          - rule: say-ability
            reason: Kept for the test.
      - id: planted-cycle-a
        step: fix
        situations: [venting]
        say: One moment while I check.
        avoid: [bear with me]
      - id: planted-cycle-b
        step: fix
        situations: [venting]
        say: Bear with me while I check.
        avoid: [one moment]
    situations:
      - id: planted-empty
        title: Nothing here
    sources:
      - id: planted-unused
        title: Nobody cites this
    statistics:
      - id: planted-no-caveat
        figure: 42 %
        claim: of numbers are made up.
        source: cutting-2016
    examples:
      - id: planted-order
        title: Out of order
        channel: phone
        setting: A test.
        dialogue:
          - rep: Have a free gift.
            step: extra
          - rep: Let me fix it.
            step: fix
          - rep: Tell me more.
            step: listen
            phrase: planted-variables
        takeaway: None.
    """

LONELY_STEP = """\
    - id: planted-lonely-step
      title: A step nobody serves
      goal: Nothing.
  rules:"""

EXPECTED = {  # each checked by eye against the line it names
    ("phrasebook/planted.yml", 5, 17, "avoided-phrase"),
    ("phrasebook/planted.yml", 9, 10, "contradiction"),
    ("phrasebook/planted.yml", 15, 9, "overlap"),
    ("phrasebook/planted.yml", 16, 17, "spec"),
    ("phrasebook/planted.yml", 20, 10, "duplicate"),
    ("phrasebook/planted.yml", 24, 10, "near-duplicate"),
    ("phrasebook/planted.yml", 28, 10, "variables"),
    ("phrasebook/planted.yml", 30, 7, "variables"),
    ("phrasebook/planted.yml", 36, 15, "stale"),
    ("phrasebook/planted.yml", 41, 10, "say-ability"),
    ("phrasebook/planted.yml", 49, 41, "channel"),
    ("phrasebook/planted.yml", 55, 9, "unused-suppression"),
    ("phrasebook/planted.yml", 60, 10, "avoided-phrase"),
    ("phrasebook/planted.yml", 65, 10, "avoided-phrase"),
    ("phrasebook/planted.yml", 68, 5, "situation-without-phrases"),
    ("phrasebook/planted.yml", 71, 5, "unused-source"),
    ("phrasebook/planted.yml", 74, 5, "caveat"),
    ("phrasebook/planted.yml", 84, 14, "order"),
    ("phrasebook/planted.yml", 86, 14, "order"),
    ("phrasebook/planted.yml", 90, 17, "turn-phrase"),
}


def test_each_planted_inconsistency_is_found_at_its_place_and_nothing_else(
    tmp_path: Path,
) -> None:
    project = make_project(tmp_path, {"phrasebook/planted.yml": PLANTED}, with_bundled=True)
    method = project / "content" / "method.yml"
    bundled = method.read_text(encoding="utf-8")
    # The lonely step goes just before the rules, wherever the bundled method puts them.
    lonely_line = bundled[:bundled.index("\n  rules:") + 1].count("\n") + 1
    method.write_text(bundled.replace("  rules:", LONELY_STEP, 1), encoding="utf-8")
    # A step added to the method is also a step the bundled scorecard has no row for: found
    # at the scorecard's list of rows, which starts with its first row.
    scorecard = (project / "content" / "training" / "scorecard.yml").read_text(encoding="utf-8")
    rows_line = scorecard[:scorecard.index("\n      - step:") + 1].count("\n") + 1
    result = phrasebook("check", "--format", "json", cwd=project)
    assert result.returncode == 1
    found = {(d["path"], d["line"], d["column"], d["rule"]) for d in json.loads(result.stdout)}
    assert found == EXPECTED | {("content/method.yml", lonely_line, 7, "step-without-phrases"),
                                ("content/training/scorecard.yml", rows_line, 7, "scorecard-steps")}


def test_a_duplicate_and_a_contradiction_name_both_places(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"phrasebook/planted.yml": PLANTED}, with_bundled=True)
    text = phrasebook("check", cwd=project).stdout
    assert "phrasebook/planted.yml:20:10: error duplicate the same words as phrase `go-on`\n" \
           "    see phrasebook/02-listen.yml:" in text
    assert "phrasebook/planted.yml:9:10: error contradiction" in text
    assert "    see phrasebook/04-apologize.yml:" in text
