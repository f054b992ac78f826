import type { HandlerTable } from './handler';
import { handler as addArchive } from './methods/addArchive';
import { handler as blame } from './methods/blame';
import { handler as lineHistory } from './methods/lineHistory';
import { handler as cancel } from './methods/cancel';
import { handler as changedFunctions } from './methods/changedFunctions';
import { handler as cloneRepository } from './methods/cloneRepository';
import { handler as commitDetails } from './methods/commitDetails';
import { handler as diffVersions } from './methods/diffVersions';
import { handler as discussion } from './methods/discussion';
import { handler as discussionThread } from './methods/discussionThread';
import { handler as discussionMentions } from './methods/discussionMentions';
import { handler as exportLedger } from './methods/exportLedger';
import { handler as fetchArchives } from './methods/fetchArchives';
import { handler as fetchUpdates } from './methods/fetchUpdates';
import { handler as findBackports } from './methods/findBackports';
import { handler as prepareBlame } from './methods/prepareBlame';
import { handler as findReleases } from './methods/findReleases';
import { handler as indexFile } from './methods/indexFile';
import { handler as learnChanges } from './methods/learnChanges';
import { handler as listArchives } from './methods/listArchives';
import { handler as listRecent } from './methods/listRecent';
import { handler as listRefs } from './methods/listRefs';
import { handler as openExternal } from './methods/openExternal';
import { handler as openRepository } from './methods/openRepository';
import { handler as openSample } from './methods/openSample';
import { handler as pickaxe } from './methods/pickaxe';
import { handler as pickDirectory } from './methods/pickDirectory';
import { handler as readFile } from './methods/readFile';
import { handler as writeReport } from './methods/writeReport';

/** One handler per method of shared/api.ts; a method without one does not compile. */
export const handlers: HandlerTable = {
  openSample,
  openRepository,
  cloneRepository,
  fetchUpdates,
  indexFile,
  learnChanges,
  readFile,
  diffVersions,
  commitDetails,
  blame,
  lineHistory,
  exportLedger,
  findReleases,
  findBackports,
  prepareBlame,
  changedFunctions,
  pickaxe,
  writeReport,
  listRecent,
  listRefs,
  cancel,
  openExternal,
  pickDirectory,
  addArchive,
  listArchives,
  fetchArchives,
  discussion,
  discussionMentions,
  discussionThread,
};
