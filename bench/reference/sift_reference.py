"""Python OpenCV reference for bench/local.ts: SIFT + Lowe ratio test + RANSAC homography, one query
against every gallery image (gallery features computed once, not timed), an identity scored by its
best image's inlier count. Driven one JSON command per line on stdin, one JSON reply per line."""
import argparse, json, sys, time

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--threads', type=int, default=0)
    args = parser.parse_args()
    try:
        import cv2
        import numpy as np
    except Exception as error:  # noqa: BLE001
        print(json.dumps({'ready': False, 'error': f'cannot import cv2: {error}'}), flush=True)
        return
    if args.threads > 0:
        cv2.setNumThreads(args.threads)
    sift = cv2.SIFT_create()
    matcher = cv2.BFMatcher(cv2.NORM_L2)
    gallery = []
    print(json.dumps({'ready': True, 'torch': f'opencv {cv2.__version__}'}), flush=True)

    def features(path):
        image = cv2.imread(path, cv2.IMREAD_GRAYSCALE)
        if image is None:
            raise ValueError(f'cannot read {path}')
        return sift.detectAndCompute(image, None)

    for line in sys.stdin:
        command = json.loads(line)
        try:
            if command['cmd'] == 'quit':
                break
            if command['cmd'] == 'gallery':
                gallery = [(identity, *features(path)) for path, identity in zip(command['files'], command['identities'])]
                print(json.dumps({'images': len(gallery)}), flush=True)
            elif command['cmd'] == 'identify':
                ratio = command.get('ratio', 0.8)
                start = time.perf_counter()
                answers = []
                for path in command['files']:
                    keypoints, descriptors = features(path)
                    best = {}
                    for identity, g_keypoints, g_descriptors in gallery:
                        inliers = 0
                        if descriptors is not None and g_descriptors is not None and len(g_descriptors) >= 2:
                            good = [m for m, n in matcher.knnMatch(descriptors, g_descriptors, k=2) if m.distance < ratio * n.distance]
                            if len(good) >= 4:
                                src = np.float32([keypoints[m.queryIdx].pt for m in good]).reshape(-1, 1, 2)
                                dst = np.float32([g_keypoints[m.trainIdx].pt for m in good]).reshape(-1, 1, 2)
                                _, mask = cv2.findHomography(src, dst, cv2.RANSAC, 5.0)
                                inliers = int(mask.sum()) if mask is not None else 0
                        best[identity] = max(best.get(identity, 0), inliers)
                    top = max(best.items(), key=lambda item: item[1])
                    answers.append({'identity': top[0], 'inliers': top[1]})
                print(json.dumps({'seconds': time.perf_counter() - start, 'answers': answers}), flush=True)
            else:
                print(json.dumps({'error': f'unknown command {command["cmd"]}'}), flush=True)
        except Exception as error:  # noqa: BLE001
            print(json.dumps({'error': str(error)}), flush=True)

if __name__ == '__main__':
    main()
