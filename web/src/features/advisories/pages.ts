// The advisories pages, as one module that the routes load lazily.
export { AckLinkPage } from './AckLinkPage';
export { AdvisoriesPage } from './AdvisoriesPage';
export { AdvisoryPage } from './AdvisoryPage';
export { BoardPage } from './BoardPage';
export { CallListPage } from './CallListPage';
export { ComposerPage } from './ComposerPage';
export { HelpRequestsPage } from './HelpRequestsPage';
export { InboxAdvisoryPage } from './InboxAdvisoryPage';
export { InboxPage } from './InboxPage';
export { PoliciesPage } from './PoliciesPage';
