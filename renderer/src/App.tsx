import { useEffect, useMemo, useRef, useState } from 'react';
import type { StrataClient } from '../../shared/api';
import { recentTarget } from '../../shared/menu';
import { bannerAction } from './app/bannerAction';
import { openRequestOf, type OpenRequest } from './app/openRequests';
import { useDarkMode } from './app/useDarkMode';
import { useMenuActions } from './app/useMenuActions';
import { useOpener } from './app/useOpener';
import { clearViewAddress, initialViewOf } from './app/viewAddress';
import { ErrorBanner } from './components/ErrorBanner';
import { ProgressBar } from './components/ProgressBar';
import { StartScreen } from './components/StartScreen';
import type { DiffOptions } from './diff/DiffPane';
import { keyHelpText } from './timeline/timelineKeys';
import { TimelineScreen } from './timeline/TimelineScreen';

export function App(p: { client: StrataClient; initial: OpenRequest | null }) {
  const { client } = p;
  const o = useOpener(client, p.initial);
  const { screen, open, openSample } = o;
  const [diffOptions, setDiffOptions] = useState<DiffOptions>({ inline: false, ignoreWhitespace: false, collapseUnchanged: false });
  const dark = useDarkMode();
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    if (p.initial) void open(p.initial);
    else if (client.kind === 'electron') {
      // The desktop reopens the last repository; on the very first start, the sample.
      client.call('listRecent', {}).result.then(
        (recent) => {
          const last = recent.items[0];
          if (last) void open(recentTarget(last));
          else if (!recent.reset) void openSample(); // a reset list is said on the start screen
        },
        () => void openSample(),
      );
    }
  }, [p.initial, open, openSample, client]);

  useMenuActions({
    'open-sample': () => void openSample(),
    // the folder from the system's dialog, then the start screen's form with it filled in, to name the file
    // (Electron has no window.prompt)
    'open-local': () =>
      void client.call('pickDirectory', { title: 'Open a local repository' }).result.then((r) => {
        if (r.dir) o.askPathIn(r.dir);
      }),
    clone: () => o.showStart(),
    'open-recent': (a) => void open(a.item),
    'toggle-inline': () => setDiffOptions((d) => ({ ...d, inline: !d.inline })),
    'toggle-whitespace': () => setDiffOptions((d) => ({ ...d, ignoreWhitespace: !d.ignoreWhitespace })),
    'export-report': () => window.dispatchEvent(new CustomEvent('strata:export-report')),
    // the timeline opens its archives dialog; the start screen focuses its archives card's source
    archives: () => window.dispatchEvent(new CustomEvent(screen.kind === 'timeline' ? 'strata:archives' : 'strata:archives-focus')),
    'help-keys': () => window.alert(keyHelpText()),
  });

  const shownTimeline = screen.kind === 'timeline' ? screen.timeline : null;
  const initialView = useMemo(() => (shownTimeline ? initialViewOf(shownTimeline) : null), [shownTimeline]);

  const action = bannerAction(o.error, o.lastOpen, o.lastClone);
  const runAction = () => {
    if (action?.kind === 'open') void open(action.request);
    else if (action?.kind === 'clone') void o.clone(action.request);
  };
  return (
    <div className={`app ${dark ? 'dark' : 'light'}`}>
      {screen.kind !== 'timeline' && (
        <ErrorBanner
          error={o.error}
          onDismiss={() => o.setError(null)}
          {...(action ? { action: { label: action.label, run: runAction } } : {})}
        />
      )}
      {screen.kind === 'start' && (
        <StartScreen
          key={screen.at ?? 0}
          focusPath={screen.focus === 'path'}
          client={client}
          last={o.lastOpen}
          lastClone={o.lastClone}
          onOpenSample={() => void openSample()}
          onOpen={(r) => void open(r)}
          onClone={(r) => void o.clone(r)}
        />
      )}
      {screen.kind === 'busy' && (
        <div className="busy">
          <ProgressBar title={screen.title} progress={o.progress} startedAt={screen.startedAt} onCancel={o.cancel} />
        </div>
      )}
      {screen.kind === 'timeline' && (
        <TimelineScreen
          client={client}
          timeline={screen.timeline}
          counting={screen.counting}
          walking={screen.walking}
          dark={dark}
          diffOptions={diffOptions}
          onDiffOptions={setDiffOptions}
          initialView={initialView}
          onClose={() => {
            clearViewAddress();
            o.showStart();
          }}
          onOpenFile={(path) => void open(openRequestOf(screen.timeline, { path }))}
          onOpenRev={(rev) => void open(openRequestOf(screen.timeline, { rev }))}
          onOpenFollow={(follow) => void open(openRequestOf(screen.timeline, { follow }))}
          onOpenFirstParent={(firstParent) => void open(openRequestOf(screen.timeline, { firstParent }))}
        />
      )}
    </div>
  );
}
