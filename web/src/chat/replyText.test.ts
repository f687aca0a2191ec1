import { describe, expect, it } from "vitest";
import { makeTodo } from "../test/fakeServer";
import { replyText } from "./replyText";

const listed = [{ type: "listed" as const, todos: [makeTodo({ title: "Pay rent" }), makeTodo({ title: "Call mom" })] }];

describe("replyText", () => {
  it("keeps the summary of a list reply and drops the numbered lines the cards repeat", () => {
    const text = "Open todos (2):\n1. Pay rent — due today\n2. Call mom";
    expect(replyText(text, listed)).toBe("Open todos (2):");
  });

  it("leaves a reply without a listed action as it is", () => {
    const text = "Done! Here is what changed:\n1. Pay rent";
    expect(replyText(text, [{ type: "completed", todos: [makeTodo()] }])).toBe(text);
  });

  it("keeps a text that is nothing but numbered lines, rather than showing nothing", () => {
    expect(replyText("1. Pay rent", listed)).toBe("1. Pay rent");
  });
});
