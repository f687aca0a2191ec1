import { useEffect, useState } from "react";

export type Route = "home" | "settings";

function current(): Route {
  return window.location.hash === "#settings" ? "settings" : "home";
}

/** The screen named by the URL's fragment (#settings), so Back and a bookmark work without a router. */
export function useHashRoute(): Route {
  const [route, setRoute] = useState<Route>(current);
  useEffect(() => {
    const onChange = () => setRoute(current());
    window.addEventListener("hashchange", onChange);
    return () => window.removeEventListener("hashchange", onChange);
  }, []);
  return route;
}
