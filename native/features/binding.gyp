{
  "targets": [
    {
      "target_name": "reid_features",
      "sources": ["src/addon.cc", "src/args.cc", "src/detect.cc", "src/nearest.cc", "src/verify.cc", "src/match.cc"],
      "include_dirs": [
        "<!(node -p \"require('node-addon-api').include_dir\")",
        "/usr/include/opencv4"
      ],
      "libraries": ["-lopencv_core", "-lopencv_imgproc", "-lopencv_features2d", "-lopencv_calib3d"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti", "-std=gnu++17", "-std=gnu++14"],
      "cflags_cc": ["-std=c++17", "-fexceptions", "-frtti", "-O3", "-Wno-unused-parameter"]
    }
  ]
}
