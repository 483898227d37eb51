import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { call } from "../../api/bridge.js";
import { errorSentence } from "../../api/errors.js";
import { Alert } from "../../components/Alert.js";

/**
 * A manager holding the reveal key gives it to another manager (the admin cannot: design.md, Keys). The key
 * travels sealed to the other manager's public key, on the main side.
 */
export function GrantRevealForm() {
  const { t } = useTranslation();
  const [name, setName] = useState("");
  const [message, setMessage] = useState<{ kind: "success" | "error"; text: string } | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await call("users.grantReveal", { name: name.trim() });
    setMessage(
      result.ok
        ? { kind: "success", text: t("account.grant.done", { name: result.value.user.name }) }
        : { kind: "error", text: errorSentence(t, result.error, { BAD_INPUT: "account.grant.notManager", NO_SUCH_USER: "account.grant.notManager" }) },
    );
    if (result.ok) setName("");
  }

  return (
    <form className="panel" onSubmit={(event) => void submit(event)} aria-labelledby="grant-title" data-testid="grant-reveal">
      <h2 id="grant-title">{t("account.grant.title")}</h2>
      <p className="hint">{t("account.grant.intro")}</p>
      <div className="row">
        <div className="field">
          <label htmlFor="grant-name">{t("account.grant.name")}</label>
          <input id="grant-name" value={name} onChange={(event) => setName(event.target.value)} required maxLength={64} />
        </div>
        <div className="field">
          <button type="submit" className="primary" disabled={!name.trim()}>
            {t("account.grant.submit")}
          </button>
        </div>
      </div>
      {message ? <Alert kind={message.kind}>{message.text}</Alert> : null}
    </form>
  );
}
