"""From photos and labels to training data: preprocessing (the ``processed`` stage), the
train/test split and label map (``labels``), and TFRecords (``tfrecords``)."""
