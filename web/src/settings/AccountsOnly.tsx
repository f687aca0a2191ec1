/** What a section that needs accounts says in single-user mode. */
export function AccountsOnly({ what }: { what: string }) {
  return (
    <p className="notice">
      {what} need accounts mode. This server runs in single-user mode (<code>AUTH_MODE=single-user</code>): there is no
      login, so there is nothing to manage here.
    </p>
  );
}
