import type { ReactNode } from 'react';
import type { TimelineEntry } from '../../../shared/model';
import { Splitter } from '../layout/Splitter';
import { useLayout } from '../layout/workbenchLayout';
import type { TimelineTabContext } from '../tabs/timelineTab';
import { SelectedCommitDetails } from './SelectedCommitDetails';

/**
 * A tab's view with a commit's details beside it (under it in a narrow window), as the layout's Details button
 * and splitter set them: the Diff tab's selected commit (`entry`), the Blame tab's commit of the line at the cursor
 * (its `entry` where the list has it, else its `oid`, its file at `path`).
 */
export function DetailsBeside(p: {
  ctx: TimelineTabContext;
  entry: TimelineEntry | undefined;
  oid?: string | undefined;
  path?: string | undefined;
  children: ReactNode;
}) {
  const layout = useLayout();
  const under = layout.detailsUnder;
  const size = under ? layout.detailsHeight : layout.detailsWidth;
  return (
    <div className={under ? 'diff-and-details under' : 'diff-and-details'}>
      {p.children}
      {layout.shown.details && !layout.shown.focus && (p.entry || p.oid) && (
        <>
          <Splitter
            label="Details size"
            axis={under ? 'y' : 'x'}
            size={size}
            min={under ? 60 : 180}
            max={under ? Math.max(60, window.innerHeight - 300) : Math.max(180, window.innerWidth - 500)}
            grows={-1}
            onSize={layout.setDetailsSize}
            onCollapse={() => layout.toggle('details')}
          />
          <div className="details-pane" style={under ? { height: size } : { width: size }}>
            <SelectedCommitDetails ctx={p.ctx} entry={p.entry} oid={p.oid} path={p.path} />
          </div>
        </>
      )}
    </div>
  );
}
