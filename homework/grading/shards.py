"""A large class in slices: `--shard K/N` grades the K-th of N, on as many machines as you have.

A student's shard comes from their id alone: SHA-256 of the id, modulo N (not Python's
`hash()`, which changes from one process to the next). So the N shards partition the class
exactly, every machine computes the same split, and adding a student moves nobody else.
Each shard's gradebook.json records its shard and a fingerprint of the whole class (the
sorted ids), so `merge` can tell shards of another class folder or another N apart.
"""

from __future__ import annotations

import argparse
import hashlib

from homework.grading.submissions import Submission


def parse(spec: str) -> tuple[int, int]:
    """"K/N" as (K, N), with 1 <= K <= N (an argparse type)."""
    try:
        index, count = (int(part) for part in spec.split("/"))
    except ValueError:
        index = count = 0
    if not 1 <= index <= count:
        raise argparse.ArgumentTypeError(f"{spec!r}: expected K/N with 1 <= K <= N, e.g. 3/8")
    return index, count


def shard_of(student: str, count: int) -> int:
    """The shard (1..count) a student id belongs to."""
    digest = hashlib.sha256(student.encode("utf-8", "surrogatepass")).digest()
    return int.from_bytes(digest[:8], "big") % count + 1


def select(submissions: list[Submission], shard: tuple[int, int]) -> list[Submission]:
    """The submissions of shard `shard` = (K, N), in their order."""
    index, count = shard
    return [one for one in submissions if shard_of(one.student, count) == index]


def fingerprint(submissions: list[Submission]) -> dict:
    """The whole class, in short: its size and a hash of its sorted ids."""
    ids = "\n".join(sorted(one.student for one in submissions))
    digest = hashlib.sha256(ids.encode("utf-8", "surrogatepass")).hexdigest()
    return {"size": len(submissions), "sha256": digest}


def describe(submissions: list[Submission], shard: tuple[int, int]) -> dict:
    """What a shard's gradebook.json records for `merge` (an unsharded run is shard 1/1)."""
    return {"shard": {"index": shard[0], "count": shard[1]}, "class": fingerprint(submissions)}
