import { describe, expect, it } from "vitest";
import { makeTodo } from "../test/fakeServer";
import { moveTodo } from "./reorder";

const list = [10, 20, 30, 40].map((order, i) => makeTodo({ id: i + 1, order }));

describe("moveTodo", () => {
  it("moves one place by swapping two orders", () => {
    const { todos, changes } = moveTodo(list, 2, 1);
    expect(todos.map((t) => t.id)).toEqual([1, 3, 2, 4]);
    expect(changes).toEqual([
      { id: 3, order: 20 },
      { id: 2, order: 30 },
    ]);
  });

  it("moves to the end by shifting the orders between, and leaves the rest alone", () => {
    const { todos, changes } = moveTodo(list, 0, 3);
    expect(todos.map((t) => [t.id, t.order])).toEqual([
      [2, 10],
      [3, 20],
      [4, 30],
      [1, 40],
    ]);
    expect(changes).toHaveLength(4);
    expect(moveTodo(list, 1, 2).changes.map((c) => c.id)).toEqual([3, 2]);
  });

  it("changes nothing when the place is the same or outside the list", () => {
    expect(moveTodo(list, 1, 1).changes).toEqual([]);
    expect(moveTodo(list, 3, 4).changes).toEqual([]);
  });
});
