// Context help: a small link from a panel to its topic in the user guide (#/help/<topic>).
export function HelpLink({ topic, label = "?" }: { topic: string; label?: string }) {
  return (
    <a className="help-link" href={`#/help/${topic}`} target="_blank" rel="noreferrer" aria-label={`help: ${topic.replace(/-/g, " ")}`} title="Open the user guide on this" data-help={topic}>
      {label}
    </a>
  );
}
