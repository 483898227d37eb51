/** A tiny hash router: the app is one page; screens are addressed by `#/screen/param`. */
import { useEffect, useState } from "react";

export type Route =
  | { screen: "import" }
  | { screen: "archive" }
  | { screen: "document"; id: string }
  | { screen: "users" }
  | { screen: "policy" }
  | { screen: "backups" }
  | { screen: "security" }
  | { screen: "audit" }
  | { screen: "account" }
  | { screen: "home" };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, "").split("/").filter((part) => part.length > 0);
  const [first, second] = parts;
  switch (first) {
    case "import":
    case "archive":
    case "users":
    case "policy":
    case "backups":
    case "security":
    case "audit":
    case "account":
      return { screen: first };
    case "documents":
      return second ? { screen: "document", id: decodeURIComponent(second) } : { screen: "archive" };
    default:
      return { screen: "home" };
  }
}

export function hrefOf(route: Route): string {
  return route.screen === "document" ? `#/documents/${encodeURIComponent(route.id)}` : `#/${route.screen === "home" ? "" : route.screen}`;
}

export function navigate(route: Route): void {
  window.location.hash = hrefOf(route);
}

export function useRoute(): Route {
  const [route, setRoute] = useState<Route>(() => parseRoute(window.location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener("hashchange", update);
    return () => window.removeEventListener("hashchange", update);
  }, []);
  return route;
}
