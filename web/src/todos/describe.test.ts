import { describe, expect, it } from "vitest";
import { makeTodo } from "../test/fakeServer";
import { describeDue, describeRecurrence } from "./describe";

// Tuesday 10 March 2026, 09:00 local time.
const now = new Date(2026, 2, 10, 9, 0);

describe("describeDue", () => {
  it("names nearby days and shows the time", () => {
    expect(describeDue(makeTodo({ due_date: "2026-03-10" }), now)?.label).toBe("Today");
    expect(describeDue(makeTodo({ due_date: "2026-03-11" }), now)?.label).toBe("Tomorrow");
    expect(describeDue(makeTodo({ due_date: "2026-03-09" }), now)?.label).toBe("Yesterday");
    expect(describeDue(makeTodo({ due_date: "2026-03-13" }), now)?.label).toBe("Friday");
    expect(describeDue(makeTodo({ due_date: "2026-03-11", due_time: "17:00" }), now)?.label).toMatch(
      /^Tomorrow, 5:00\sPM$/,
    );
    expect(describeDue(makeTodo({ due_date: "2027-01-05" }), now)?.label).toContain("2027");
    expect(describeDue(makeTodo({ due_date: null }), now)).toBeNull();
  });

  it("marks open todos past their date or time as overdue", () => {
    expect(describeDue(makeTodo({ due_date: "2026-03-09" }), now)?.overdue).toBe(true);
    expect(describeDue(makeTodo({ due_date: "2026-03-10", due_time: "08:59" }), now)?.overdue).toBe(true);
    expect(describeDue(makeTodo({ due_date: "2026-03-10", due_time: "09:01" }), now)?.overdue).toBe(false);
    expect(describeDue(makeTodo({ due_date: "2026-03-10" }), now)?.overdue).toBe(false);
    expect(describeDue(makeTodo({ due_date: "2026-03-09", completed: true }), now)?.overdue).toBe(false);
  });
});

describe("describeRecurrence", () => {
  it("reads the common rules", () => {
    expect(describeRecurrence("FREQ=DAILY")).toBe("Daily");
    expect(describeRecurrence("FREQ=WEEKLY;BYDAY=MO")).toBe("Weekly on Mon");
    expect(describeRecurrence("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR")).toBe("Every weekday");
    expect(describeRecurrence("FREQ=WEEKLY;INTERVAL=2")).toBe("Every 2 weeks");
    expect(describeRecurrence("FREQ=MONTHLY")).toBe("Monthly");
    expect(describeRecurrence("FREQ=HOURLY")).toBe("Repeats");
  });
});
