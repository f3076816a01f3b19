import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router';
import { ApiError } from './api/client';
import { SessionProvider } from './auth/session';
import { router } from './routes';
import './styles.css';

/**
 * antd's light greys (secondary text, empty lists, placeholders) and its default link blue fall short of WCAG AA
 * contrast on white, and supervisors are often older readers: darker greys (4.8–6:1) the console's blue for links and a darker red.
 */
const THEME = {
  token: {
    colorPrimary: '#1d5fbf',
    // antd lightens the hover and press shades, which drops a hovered button's text below 4.5:1: darken them instead.
    colorPrimaryHover: '#174c99',
    colorPrimaryActive: '#123d7a',
    colorLinkHover: '#174c99',
    colorLinkActive: '#123d7a',
    colorInfo: '#1d5fbf',
    colorLink: '#1d5fbf',
    colorError: '#c0392b',
    fontSize: 14,
    colorTextDescription: '#5c6470',
    colorTextTertiary: '#5c6470',
    colorTextQuaternary: '#6b7280',
    colorTextPlaceholder: '#6b7280',
  },
};

// Weeks start on Monday, as the server counts them.
dayjs.locale('zh-cn');

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // A refusal (4xx) will not change by asking again; a network blip may.
      retry: (failures, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failures < 2,
    },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider locale={zhCN} theme={THEME}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <SessionProvider>
            <RouterProvider router={router} />
          </SessionProvider>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
