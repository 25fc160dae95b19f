import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { Spin } from 'antd';
import { api, session, whenSignedOut, type StaffMember } from './api';
import { SignIn } from './SignIn';

// The signed-in screens (tables, date pickers, modals) load after sign-in: the QR page's script stays small.
const Shell = lazy(() => import('./Shell').then((m) => ({ default: m.Shell })));

interface Me {
  member: StaffMember;
  expiresAt: string;
}

/** Signed out: the QR sign-in; signed in: the shell with the board and the alarms. */
export function App() {
  const [me, setMe] = useState<Me | null>(null);
  const [checking, setChecking] = useState(session.get() !== null);

  const signedOut = useCallback(() => setMe(null), []);
  useEffect(() => whenSignedOut(signedOut), [signedOut]);

  // A reload keeps the tab's session: ask who it is.
  useEffect(() => {
    if (!session.get()) return;
    api<Me>('/console/session')
      .then(setMe)
      .catch(() => session.clear())
      .finally(() => setChecking(false));
  }, []);

  const loading = (
    <div style={{ display: 'grid', placeItems: 'center', height: '100vh' }}>
      <Spin size='large' />
    </div>
  );
  if (checking) return loading;
  if (!me)
    return (
      <SignIn
        onSignedIn={(token, member, expiresAt) => {
          session.set(token);
          setMe({ member, expiresAt });
        }}
      />
    );
  return (
    <Suspense fallback={loading}>
      <Shell
        member={me.member}
        onSignOut={async () => {
          await api('/console/session', { method: 'DELETE' }).catch(() => undefined);
          session.clear();
          setMe(null);
        }}
      />
    </Suspense>
  );
}
