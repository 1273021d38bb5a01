#!/usr/bin/env python3
"""Find-or-create of artists by name, the way the music workflow does it, in a pool of 4 threads.

Each worker takes a track, looks for its artist's page in the Notion database titled "Artists"
(a query on its title), creates the page when none is found, then creates the track's page in
"Tracks", linked to the artist. Faithful (the default): two workers that miss the same artist at
once both create it, and the database ends with two pages of one name. --fixed: one lock per artist
name around the find-or-create, and a cache of what was found, so each artist is created once.

The Notion API it talks to: NOTION_BASE_URL (`lockstep exec` sets it to its server), else the real
https://api.notion.com/v1; the token from NOTION_TOKEN.
"""
import os
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import requests

BASE = os.environ.get("NOTION_BASE_URL", "https://api.notion.com/v1")
HEADERS = {
    "Authorization": "Bearer " + os.environ["NOTION_TOKEN"],
    "Notion-Version": "2022-06-28",
    "Content-Type": "application/json",
}
FIXED = "--fixed" in sys.argv[1:]
ARTISTS = ["Burial", "Four Tet", "Floating Points"]
TRACKS = [(f"track-{i:02d}", f"Track {i}", ARTISTS[i % len(ARTISTS)]) for i in range(12)]

session = requests.Session()
session.headers.update(HEADERS)
cache = {}
locks = {name: threading.Lock() for name in ARTISTS}


def call(method, path, body=None):
    r = session.request(method, BASE + path, json=body, timeout=30)
    r.raise_for_status()
    return r.json()


def databases():
    found = call("POST", "/search", {"filter": {"property": "object", "value": "database"}})
    return {"".join(t["plain_text"] for t in d["title"]): d["id"] for d in found["results"]}


def find_or_create_artist(db, name):
    query = {"filter": {"property": "Name", "title": {"equals": name}}}
    hits = call("POST", f"/databases/{db}/query", query)["results"]
    if hits:
        return hits[0]["id"]
    page = {"parent": {"database_id": db}, "properties": {"Name": {"title": [{"text": {"content": name}}]}}}
    return call("POST", "/pages", page)["id"]


def artist_id(db, name):
    if not FIXED:
        return find_or_create_artist(db, name)
    with locks[name]:  # single flight per name
        if name not in cache:
            cache[name] = find_or_create_artist(db, name)
        return cache[name]


def main():
    dbs = databases()
    artists, tracks = dbs["Artists"], dbs["Tracks"]

    def one(track):
        key, title, artist = track
        aid = artist_id(artists, artist)
        call("POST", "/pages", {
            "parent": {"database_id": tracks},
            "properties": {
                "Title": {"title": [{"text": {"content": title}}]},
                "djay Pro ID": {"rich_text": [{"text": {"content": key}}]},
                "Artists": {"relation": [{"id": aid}]},
            },
        })

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(one, TRACKS))
    print(f"{len(TRACKS)} tracks written ({'fixed' if FIXED else 'faithful'})")


if __name__ == "__main__":
    main()
