#!/usr/bin/env python3
"""Writes small.npz with NumPy (Debian: python3-numpy), an independent writer for NpyTests:
Keras's mnist.npz layout (x_train u1 [3,2,2], y_train u1 [3], x_test u1 [1,2,2], y_test u1 [1]) plus
arrays of other dtypes and byte orders. Run: python3 make_npz_fixture.py"""
import numpy as np
np.savez("small.npz",
         x_train=np.arange(12, dtype=np.uint8).reshape(3, 2, 2) * 20,
         y_train=np.array([7, 0, 9], dtype=np.uint8),
         x_test=np.array([[[255, 1], [2, 3]]], dtype=np.uint8),
         y_test=np.array([4], dtype=np.uint8),
         f4=np.array([[1.5, -2.25, 3e-5]], dtype="<f4"),
         f8_big=np.array([0.1, -7.0], dtype=">f8"),
         i8=np.array([-3, 2**40], dtype="<i8"),
         i2_big=np.array([-300, 12], dtype=">i2"))
