import { Button, View } from '@tarojs/components';

/** An error that always offers a way forward: a retry and, optionally, a second action. */
export function ErrorBanner(props: { message: string; onRetry?: () => void; action?: { text: string; onTap: () => void } }) {
  return (
    <View className='banner banner-error' role='alert'>
      <View>{props.message}</View>
      {props.onRetry && (
        <Button className='btn btn-secondary' onClick={props.onRetry}>
          重试
        </Button>
      )}
      {props.action && (
        <Button className='btn btn-secondary' onClick={props.action.onTap}>
          {props.action.text}
        </Button>
      )}
    </View>
  );
}
