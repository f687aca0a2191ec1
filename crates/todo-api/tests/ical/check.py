"""Reads an iCalendar file on stdin with the `icalendar` package (an
implementation independent of the server's) and prints what it found as
JSON, for tests/api/calendar.rs to compare with what the server meant to
write. Exits non-zero when the file does not parse."""

import datetime
import json
import sys

import icalendar


def moment(component, key):
    """A date or date-time property as {"value", "all_day", "floating"}."""
    if key not in component:
        return None
    value = component.decoded(key)
    if isinstance(value, datetime.datetime):
        return {"value": value.isoformat(), "all_day": False, "floating": value.tzinfo is None}
    return {"value": value.isoformat(), "all_day": True, "floating": True}


def text(component, key):
    return str(component[key]) if key in component else None


def main():
    calendar = icalendar.Calendar.from_ical(sys.stdin.buffer.read())
    found = {"version": text(calendar, "VERSION"), "prodid": text(calendar, "PRODID"), "components": []}
    for component in calendar.walk():
        if component.name not in ("VEVENT", "VTODO"):
            continue
        categories = component.get("CATEGORIES")
        found["components"].append({
            "kind": component.name,
            "uid": text(component, "UID"),
            "summary": text(component, "SUMMARY"),
            "description": text(component, "DESCRIPTION"),
            "start": moment(component, "DTSTART"),
            "end": moment(component, "DTEND"),
            "due": moment(component, "DUE"),
            "rrule": component["RRULE"].to_ical().decode() if "RRULE" in component else None,
            "categories": [str(c) for c in categories.cats] if categories is not None else [],
            "priority": int(component["PRIORITY"]) if "PRIORITY" in component else None,
            "status": text(component, "STATUS"),
            "sequence": int(component["SEQUENCE"]) if "SEQUENCE" in component else None,
            "last_modified": component.decoded("LAST-MODIFIED").isoformat() if "LAST-MODIFIED" in component else None,
            "alarms": [
                {"action": text(alarm, "ACTION"), "trigger_seconds": alarm.decoded("TRIGGER").total_seconds()}
                for alarm in component.subcomponents
                if alarm.name == "VALARM"
            ],
        })
    json.dump(found, sys.stdout)


if __name__ == "__main__":
    main()
