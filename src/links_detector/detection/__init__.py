"""The detector, with the TF2 Object Detection API: its pipeline config, the pre-trained
checkpoint (``zoo``), training, COCO evaluation, and export to SavedModel, TFLite and
TensorFlow.js."""
