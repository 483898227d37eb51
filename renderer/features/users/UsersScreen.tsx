import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ROLES, type Role } from "../../../shared/domain.js";
import { call, type ChannelResponse, type Envelope } from "../../api/bridge.js";
import { errorSentence } from "../../api/errors.js";
import { formatDate } from "../../api/format.js";
import { useChannel } from "../../api/hooks.js";
import { Alert } from "../../components/Alert.js";

type User = ChannelResponse<"users.list">["users"][number];
type Act = (promise: Promise<Envelope<{ user: User }>>, success: string) => Promise<void>;

/** Admin: users and roles, disable/enable, MFA reset, sessions. */
export function UsersScreen() {
  const { t, i18n } = useTranslation();
  const users = useChannel("users.list", {});
  const [message, setMessage] = useState<{ kind: "success" | "error"; text: string } | null>(null);

  const act: Act = async (promise, success) => {
    const result = await promise;
    if (result.ok) {
      setMessage({ kind: "success", text: t(success, { name: result.value.user.name }) });
      users.reload();
    } else setMessage({ kind: "error", text: errorSentence(t, result.error) });
  };

  return (
    <div>
      <h1>{t("users.title")}</h1>
      {message ? (
        <Alert kind={message.kind} testId="users-message">
          {message.text}
        </Alert>
      ) : null}
      <section className="panel" aria-labelledby="users-list-title">
        <h2 id="users-list-title">{t("users.listTitle")}</h2>
        {users.error ? <Alert kind="error">{errorSentence(t, users.error)}</Alert> : null}
        {users.data ? (
          <table className="data" data-testid="users-table">
            <thead>
              <tr>
                <th scope="col">{t("users.columns.name")}</th>
                <th scope="col">{t("users.columns.role")}</th>
                <th scope="col">{t("users.columns.status")}</th>
                <th scope="col">{t("users.columns.reveal")}</th>
                <th scope="col">{t("users.columns.created")}</th>
                <th scope="col">{t("users.columns.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {users.data.users.map((user) => (
                <UserRow key={user.id} user={user} language={i18n.language} act={act} />
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      <AddUserForm onAdded={(name) => {
        setMessage({ kind: "success", text: t("users.added", { name }) });
        users.reload();
      }} />
    </div>
  );
}

function UserRow({ user, language, act }: { user: User; language: string; act: Act }) {
  const { t } = useTranslation();
  const [role, setRole] = useState<Role>(user.role);
  const [temporary, setTemporary] = useState("");
  const disabled = user.status === "disabled";
  return (
    <tr data-testid={`user-${user.name}`}>
      <th scope="row">{user.name}</th>
      <td>{t(`roles.${user.role}`)}</td>
      <td>
        {t(`users.status.${user.status}`)}
        {user.mustChangePassword ? (
          <>
            {" "}
            <span className="badge warn">{t("users.mustChange")}</span>
          </>
        ) : null}
      </td>
      <td>{user.canReveal ? t("users.yes") : t("users.no")}</td>
      <td>{formatDate(user.createdAt, language)}</td>
      <td>
        <div className="row">
          <label htmlFor={`role-${user.id}`} className="visually-hidden">
            {t("users.roleOf", { name: user.name })}
          </label>
          <select id={`role-${user.id}`} value={role} onChange={(event) => setRole(event.target.value as Role)}>
            {ROLES.map((option) => (
              <option key={option} value={option}>
                {t(`roles.${option}`)}
              </option>
            ))}
          </select>
          <button type="button" disabled={role === user.role} onClick={() => void act(call("users.setRole", { name: user.name, role }), "users.roleChanged")}>
            {t("users.applyRole")}
          </button>
          {disabled ? (
            <>
              <label htmlFor={`temp-${user.id}`} className="visually-hidden">
                {t("users.temporaryFor", { name: user.name })}
              </label>
              <input id={`temp-${user.id}`} type="password" autoComplete="new-password" placeholder={t("users.temporaryPassword")} value={temporary} onChange={(event) => setTemporary(event.target.value)} />
              <button type="button" disabled={!temporary} onClick={() => void act(call("users.enable", { name: user.name, temporaryPassword: temporary }), "users.enabled")}>
                {t("users.enable")}
              </button>
            </>
          ) : (
            <button type="button" className="danger" onClick={() => void act(call("users.disable", { name: user.name }), "users.disabled")}>
              {t("users.disable")}
            </button>
          )}
          <button type="button" onClick={() => void act(call("users.resetMfa", { name: user.name }), "users.mfaReset")}>
            {t("users.resetMfa")}
          </button>
          <button type="button" onClick={() => void act(call("users.revoke", { name: user.name }), "users.revoked")}>
            {t("users.revoke")}
          </button>
        </div>
      </td>
    </tr>
  );
}

function AddUserForm({ onAdded }: { onAdded: (name: string) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("clerk");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await call("users.add", { name: name.trim(), role, temporaryPassword: password });
    if (!result.ok) {
      setError(errorSentence(t, result.error, { BAD_INPUT: "users.badName" }));
      return;
    }
    setError(null);
    setName("");
    setPassword("");
    onAdded(result.value.user.name);
  }

  return (
    <form className="panel" onSubmit={(event) => void submit(event)} aria-labelledby="add-user-title">
      <h2 id="add-user-title">{t("users.addTitle")}</h2>
      <p className="hint">{t("users.addIntro")}</p>
      <div className="row">
        <div className="field">
          <label htmlFor="new-user-name">{t("users.columns.name")}</label>
          <input id="new-user-name" value={name} onChange={(event) => setName(event.target.value)} required maxLength={64} />
        </div>
        <div className="field">
          <label htmlFor="new-user-role">{t("users.columns.role")}</label>
          <select id="new-user-role" value={role} onChange={(event) => setRole(event.target.value as Role)}>
            {ROLES.map((option) => (
              <option key={option} value={option}>
                {t(`roles.${option}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="new-user-password">{t("users.temporaryPassword")}</label>
          <input id="new-user-password" type="password" autoComplete="new-password" value={password} onChange={(event) => setPassword(event.target.value)} required />
        </div>
        <div className="field">
          <button type="submit" className="primary">
            {t("users.add")}
          </button>
        </div>
      </div>
      {error ? <Alert kind="error">{error}</Alert> : null}
    </form>
  );
}
