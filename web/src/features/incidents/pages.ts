// The incidents pages, as one module that the routes load lazily.
export { DeclareIncidentPage } from './DeclareIncidentPage';
export { IncidentPage } from './IncidentPage';
export { IncidentsPage } from './IncidentsPage';
export { RecoveryPage } from './RecoveryPage';
