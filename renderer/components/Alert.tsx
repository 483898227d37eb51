import type { ReactNode } from "react";

/** A message region: errors are announced at once (role="alert"), other notes politely (role="status"). */
export function Alert({ kind, children, testId }: { kind: "error" | "info" | "success" | "warning"; children: ReactNode; testId?: string }) {
  return (
    <div className={`alert ${kind}`} role={kind === "error" ? "alert" : "status"} data-testid={testId}>
      {children}
    </div>
  );
}
