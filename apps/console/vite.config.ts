import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The server serves this build at /console/ (apps/server/src/modules/web/console-static.ts). Assets go to `static/`,
// the folder the server caches for a year: their names change with their content.
export default defineConfig({
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    assetsDir: 'static',
    // The desktop console is used over office networks; charts and the component library are split out so a new
    // release of the pages alone does not make every browser fetch them again.
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)/ },
            { name: 'antd', test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-)/ },
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    // `pnpm --filter @hcp/console dev` against a server started on :3000.
    proxy: { '/api': 'http://localhost:3000' },
  },
});
