import { createBrowserRouter } from 'react-router';
import { ConsoleLayout } from './layout/ConsoleLayout';
import { LoginPage } from './pages/login/LoginPage';
import { DashboardPage } from './pages/dashboard/DashboardPage';
import { ExplorePage } from './pages/explore/ExplorePage';
import { FlaggedPage } from './pages/flagged/FlaggedPage';
import { CaseQueuesPage } from './pages/cases/CaseQueuesPage';
import { CatalogPage } from './pages/catalog/CatalogPage';
import { ImportPage } from './pages/import/ImportPage';
import { PostersPage } from './pages/posters/PostersPage';
import { CalendarPage } from './pages/calendar/CalendarPage';
import { AuditPage } from './pages/audit/AuditPage';
import { CaseRulesPage } from './pages/rules/CaseRulesPage';
import { MonthlyReportPage } from './pages/report/MonthlyReportPage';
import { ApiKeysPage } from './pages/api-keys/ApiKeysPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { PublicPage } from './pages/public/PublicPage';

/** The console lives under /console/ on the server (Vite's `base`); every route below is relative to it. */
export const router = createBrowserRouter(
  [
    { path: '/login', element: <LoginPage /> },
    // 好差评公开: open to anyone, outside the signed-in layout.
    { path: '/public', element: <PublicPage /> },
    {
      element: <ConsoleLayout />,
      children: [
        { index: true, element: <DashboardPage /> },
        { path: 'explore', element: <ExplorePage /> },
        { path: 'cases', element: <CaseQueuesPage /> },
        { path: 'flagged', element: <FlaggedPage /> },
        { path: 'catalog/:kind', element: <CatalogPage /> },
        { path: 'import', element: <ImportPage /> },
        { path: 'posters', element: <PostersPage /> },
        { path: 'calendar', element: <CalendarPage /> },
        { path: 'audit', element: <AuditPage /> },
        { path: 'case-rules', element: <CaseRulesPage /> },
        { path: 'report', element: <MonthlyReportPage /> },
        { path: 'api-keys', element: <ApiKeysPage /> },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ],
  { basename: '/console' },
);
