/** A todo's title as the button that opens its detail dialog (in the panel and on chat cards). */
export function DetailButton({ title, onClick }: { title: string; onClick: () => void }) {
  return (
    // The name starts with the visible title, so speech input can say what it sees.
    <button type="button" className="detail-button" onClick={onClick} aria-haspopup="dialog" aria-label={`${title} (details)`}>
      {title}
    </button>
  );
}
