import { describe, expect, it } from "vitest";
import { makeTodo } from "../../test/fakeServer";
import { normaliseTag, patchOf, valuesOf } from "./form";

describe("the detail form's patch", () => {
  it("is empty when nothing changed", () => {
    const todo = makeTodo({ notes: "n", due_date: "2030-01-02", due_time: "09:00", tags: ["a"], recurrence: "FREQ=DAILY", remind_before: 30 });
    expect(patchOf(todo, valuesOf(todo))).toEqual({});
  });

  it("sends only the changed fields, and clears emptied ones with null", () => {
    const todo = makeTodo({ title: "Pay rent", notes: "by transfer", priority: "low", tags: ["home"] });
    const values = { ...valuesOf(todo), notes: "  ", priority: "high" as const, tags: ["home", "bills"] };
    expect(patchOf(todo, values)).toEqual({ notes: null, priority: "high", tags: ["home", "bills"] });
  });

  it("clears the time with the date, as a time needs a date", () => {
    const todo = makeTodo({ due_date: "2030-01-02", due_time: "09:00" });
    expect(patchOf(todo, { ...valuesOf(todo), dueDate: "" })).toEqual({ due_date: null, due_time: null });
  });

  it("sets a reminder offset in minutes, and clears an emptied one", () => {
    const todo = makeTodo({ due_date: "2030-01-02", due_time: "09:00" });
    expect(patchOf(todo, { ...valuesOf(todo), remindBefore: "15" })).toEqual({ remind_before: 15 });
    const reminded = makeTodo({ due_date: "2030-01-02", due_time: "09:00", remind_before: 15 });
    expect(patchOf(reminded, { ...valuesOf(reminded), remindBefore: "" })).toEqual({ remind_before: null });
  });

  it("reads a tag as the API stores it", () => {
    expect(normaliseTag("  #Work ")).toBe("work");
    expect(normaliseTag("@home")).toBe("home");
  });
});
