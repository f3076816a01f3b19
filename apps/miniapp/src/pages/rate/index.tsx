import { useCallback, useEffect, useLayoutEffect, useMemo, useState } from 'react';
import { Button, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import type { RecentRating, ScanResult } from '@hcp/contracts';
import EarlierRating from '../../components/EarlierRating';
import NavButton from '../../components/NavButton';
import PageShell from '../../components/PageShell';
import PageToolbar from '../../components/PageToolbar';
import StatusMessage from '../../components/StatusMessage';
import { formatTime } from '../../services/format';
import { useLargeText } from '../../services/large-text';
import { dropFirstScreen } from '../../platform';
import { cachedClientConfig, loadClientConfig, noticeTemplateIds, recentRatingAt, resolveScene, takeChosenLevel } from '../../services/ratings';
import { ApiError } from '../../services/request';
import { sceneFromLaunch } from '../../services/scene';
import { getToken } from '../../services/session';
import RatingForm from './RatingForm';
import WindowCard from './WindowCard';
import './index.scss';

interface Problem {
  title: string;
  text: string;
  /** Worth trying again (the network), rather than scanning another code. */
  retry: boolean;
}

type PageState =
  | { kind: 'loading' }
  | { kind: 'ready'; scan: ScanResult }
  | { kind: 'problem'; problem: Problem };

const NO_SCENE: Problem = { title: '未找到该窗口', text: '请扫描办事窗口上张贴的二维码进行评价。', retry: false };

function problemFor(error: unknown): Problem {
  if (error instanceof ApiError) {
    if (error.code === 'SCAN_UNKNOWN' && error.body.retired === true) {
      return { title: '二维码已停用', text: '请扫描窗口处张贴的最新二维码。', retry: false };
    }
    if (error.code === 'SCAN_UNKNOWN') {
      return { title: '未找到该窗口', text: '请确认扫描的是办事窗口上张贴的评价二维码。', retry: false };
    }
    if (error.code === 'WINDOW_INACTIVE') {
      return { title: '该窗口暂停评价', text: '如需评价，请咨询现场工作人员。', retry: false };
    }
    if (error.isUnreachable) return { title: '网络连接失败', text: '请检查手机网络后点击“重新加载”。', retry: true };
    return { title: '暂时无法打开评价页面', text: error.message, retry: true };
  }
  return { title: '暂时无法打开评价页面', text: '请稍后再试。', retry: true };
}

/**
 * The page a window's QR code opens (`/r/{scene}` in a browser; `q` or `scene` in WeChat): which window this is,
 * then the rating form; or, when the citizen rated this window moments ago, that rating (一次一评), before anything
 * is written.
 */
export default function RatePage() {
  const { params } = useRouter();
  const scene = useMemo(() => sceneFromLaunch(params ?? {}), [params]);
  const [large, toggleLarge] = useLargeText();
  const [view, setView] = useState<PageState>({ kind: 'loading' });
  const [recent, setRecent] = useState<RecentRating | null>(null);
  const [templateIds, setTemplateIds] = useState<string[]>(() => noticeTemplateIds(cachedClientConfig()));
  // Tapped on the first screen the server drew, before this script had arrived.
  const [firstLevel] = useState(takeChosenLevel);

  /** Only a citizen already signed in can have rated: nobody is signed in just to ask. No answer changes nothing. */
  const checkRecent = useCallback(async () => {
    if (scene === null || !getToken()) return;
    try {
      const found = await recentRatingAt(scene);
      setRecent(found.rating ? found : null);
    } catch {
      // Offline or refused: the form stays; the server still applies the rule when the rating is sent.
    }
  }, [scene]);

  const open = useCallback(
    async (quietly = false) => {
      if (scene === null) {
        setView({ kind: 'problem', problem: NO_SCENE });
        return;
      }
      if (!quietly) setView({ kind: 'loading' });
      try {
        const [scan] = await Promise.all([resolveScene(scene), checkRecent()]);
        setView({ kind: 'ready', scan });
      } catch (error) {
        setView({ kind: 'problem', problem: problemFor(error) });
      }
    },
    [scene, checkRecent],
  );

  useEffect(() => {
    // On H5 the page also answers at /r/{scene}, where Taro does not apply index.config.ts's title.
    void Taro.setNavigationBarTitle({ title: '服务评价' }).catch(() => undefined);
    void open();
    void loadClientConfig().then((config) => setTemplateIds(noticeTemplateIds(config)));
  }, [open]);

  // The server's first screen stays over the page until this page has its own content, then goes in the same frame.
  useLayoutEffect(() => {
    if (view.kind !== 'loading') dropFirstScreen();
  }, [view.kind]);

  return (
    <PageShell large={large}>
      <View className='rate'>
        <PageToolbar large={large} onToggleLarge={toggleLarge} />
        {view.kind === 'loading' ? <StatusMessage tone='info' title='正在打开评价页面…' /> : null}
        {view.kind === 'problem' ? (
          <StatusMessage tone={view.problem.retry ? 'warning' : 'error'} title={view.problem.title} text={view.problem.text}>
            {view.problem.retry ? (
              <Button className='rate__retry' hoverClass='hcp-pressed' onClick={() => void open()}>
                重新加载
              </Button>
            ) : null}
            <NavButton to='home' className='rate__home'>
              返回首页
            </NavButton>
          </StatusMessage>
        ) : null}
        {view.kind === 'ready' && recent?.rating ? (
          <>
            <WindowCard scan={view.scan} />
            <EarlierRating rating={recent.rating} againAt={recent.ratableAgainAt ? formatTime(recent.ratableAgainAt) : undefined} />
            <NavButton to='mine' className='rate__mine'>
              查看我的评价
            </NavButton>
            <NavButton to='home' className='rate__home rate__home--after'>
              返回首页
            </NavButton>
          </>
        ) : null}
        {view.kind === 'ready' && !recent?.rating ? (
          <>
            <WindowCard scan={view.scan} />
            <RatingForm
              scan={view.scan}
              templateIds={templateIds}
              large={large}
              initialLevel={firstLevel}
              onWindowGone={(error) => setView({ kind: 'problem', problem: problemFor(error) })}
              onTagsOutdated={() => void open(true)}
              onSignedIn={() => void checkRecent()}
            />
          </>
        ) : null}
      </View>
    </PageShell>
  );
}
