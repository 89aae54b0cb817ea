"""What every part of links-detector shares: boxes, images, VOC XML, atomic outputs, the
parallel map, logging, IoU matching, MLflow tracking and the TensorFlow compatibility shim.

Imports nothing else of the project."""
