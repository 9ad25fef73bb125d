import { useState } from 'preact/hooks';
import { signInWithWallet, signOut, takeNotice, useSession } from './lib/auth.ts';
import { useLocation } from './lib/router.ts';
import { Address } from './ui/states.tsx';
import { AnalyzeView } from './views/analyze.tsx';
import { DeskView } from './views/desk.tsx';
import { LaunchesView } from './views/launches.tsx';
import { MomentView } from './views/moment.tsx';

const NAV = [
  { href: '/analyze', label: 'Analyze' },
  { href: '/desk', label: 'Copy trading' },
  { href: '/launches', label: 'Launches' },
] as const;

function section(path: string): (typeof NAV)[number]['href'] {
  if (path.startsWith('/desk')) return '/desk';
  if (path.startsWith('/launches')) return '/launches';
  return '/analyze';
}

function SignIn() {
  const session = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (session !== null) {
    return (
      <div class="signin">
        <span class="muted">
          Signed in as <Address value={session.wallet} />
        </span>
        <button type="button" class="btn small" onClick={signOut}>
          Sign out
        </button>
      </div>
    );
  }
  const notice = takeNotice();
  return (
    <div class="signin">
      <button
        type="button"
        class="btn small"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          setError(null);
          signInWithWallet().then(
            () => setBusy(false),
            (e: unknown) => {
              setBusy(false);
              setError((e as Error).message);
            },
          );
        }}
      >
        {busy ? 'Check your wallet…' : 'Sign in with wallet'}
      </button>
      {error !== null || notice !== null ? (
        <span class="field-error" role="alert">
          {error ?? notice}
        </span>
      ) : null}
    </div>
  );
}

export function App() {
  const loc = useLocation();
  const parts = loc.path.split('/').filter((p) => p !== '');
  const current = section(loc.path);
  let view;
  if (parts[0] === 'moments' && parts[1] !== undefined)
    view = <MomentView id={decodeURIComponent(parts[1])} />;
  else if (parts[0] === 'desk') view = <DeskView tab={parts[1]} />;
  else if (parts[0] === 'launches') view = <LaunchesView mint={parts[1]} />;
  else view = <AnalyzeView wallet={parts[1]} job={loc.query.get('job') ?? undefined} />;
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <a class="logo" href="/analyze" aria-label="OOF home">
          OOF
        </a>
        <nav aria-label="Main">
          <ul>
            {NAV.map((n) => (
              <li key={n.href}>
                <a href={n.href} aria-current={current === n.href ? 'page' : undefined}>
                  {n.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <SignIn />
      </header>
      <main id="main" tabIndex={-1}>
        {view}
      </main>
    </>
  );
}
